# report-lint serve, for a school's own server: the students' page and the HTTP API.
#   docker build -t report-lint .
#   docker run -d --name report-lint -p 8000:8000 --read-only --tmpfs /tmp report-lint
# Debian slim; LibreOffice Writer lays DOCX/ODT reports out so that their pages are exact.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui \
       fonts-dejavu-core fonts-liberation fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY report_lint ./report_lint
COPY checks ./checks
RUN pip install ".[serve,fast]" && cd / && rm -rf /src

# No root; everything the server writes (uploads, LibreOffice's profile, spaCy's stored
# patterns) goes under /tmp and is removed when no longer needed.
RUN useradd --system --create-home --home-dir /home/report-lint report-lint
USER report-lint
WORKDIR /home/report-lint
ENV TMPDIR=/tmp REPORT_LINT_CACHE_DIR=/tmp/report-lint-cache HOME=/tmp

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# -j defaults to the cores the container may use; override with e.g. `... report-lint serve -j 4`.
CMD ["report-lint", "serve", "--host", "0.0.0.0", "--port", "8000"]
