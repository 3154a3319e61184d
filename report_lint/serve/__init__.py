"""``report-lint serve``: the students' page and the HTTP API, run by the school itself.

- :mod:`.app` puts the parts together (Starlette routes, security headers, start-up);
- :mod:`.upload` reads one upload into a private folder, bounded in size, typed by content;
- :mod:`.pool` runs each check in a warm worker process (:class:`report_lint.workers.Isolated`,
  with its time and memory limits) and bounds the queue;
- :mod:`.pages` writes the HTML (the form, the result with the real pages);
- :mod:`.api` answers the JSON API and describes it (OpenAPI).

Nothing is kept: every upload's folder is removed when its answer is sent, whatever
happened; there is no cookie, no session, no result cache, no file name in the logs.
"""
