/* The upload form, nicer: drop a file anywhere on the box, a file over the server's limit
   refused before it is sent (the limit is the form's data-max-bytes), see the upload's
   progress and then how long the report has been read. Without this script the form posts
   as it is, and the server answers a file over the limit with its 413 page. */
(function () {
  'use strict';
  var form = document.getElementById('upload');
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = document.getElementById('file');
  var drop = document.getElementById('drop');
  var box = document.getElementById('progress');
  var bar = document.getElementById('bar');
  var status = document.getElementById('status');
  var button = document.getElementById('send');
  var refused = document.getElementById('refused');
  var maxBytes = parseInt(form.getAttribute('data-max-bytes'), 10) || 0;
  var MB = 1024 * 1024;

  function fill(key, values) {
    var text = form.getAttribute('data-' + key) || '';
    Object.keys(values).forEach(function (k) { text = text.replace('{' + k + '}', values[k]); });
    return text;
  }

  function megabytes(bytes) {
    /* Whole megabytes, or tenths when the whole number would not show it is over. */
    var whole = Math.round(bytes / MB);
    var value = whole * MB > maxBytes ? whole : Math.ceil(10 * bytes / MB) / 10;
    return value.toLocaleString(document.documentElement.lang || 'fr');
  }

  /* True, with the message shown, when the chosen file is over the server's limit. */
  function tooLarge() {
    var file = input.files.length ? input.files[0] : null;
    var over = !!(file && maxBytes && file.size > maxBytes);
    refused.textContent = over ? fill('too-large-here', {
      size: megabytes(file.size), mb: form.getAttribute('data-max-mb')}) : '';
    refused.hidden = !over;
    return over;
  }

  ['dragenter', 'dragover'].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      drop.querySelector('span').textContent = input.files[0].name;
      tooLarge();
    }
  });
  input.addEventListener('change', function () {
    if (input.files.length) { drop.querySelector('span').textContent = input.files[0].name; }
    tooLarge();
  });

  function say(key, values) {
    status.textContent = fill(key, values);
  }

  form.addEventListener('submit', function (e) {
    if (!input.files.length) { return; }
    e.preventDefault();
    if (tooLarge()) { return; }  /* nothing is sent */
    var request = new XMLHttpRequest();
    var started = 0, timer = null;
    request.open('POST', form.getAttribute('action'));
    request.upload.addEventListener('progress', function (p) {
      if (p.lengthComputable) {
        var pct = Math.round(100 * p.loaded / p.total);
        bar.value = pct;
        say('uploading', {pct: pct});
      }
    });
    request.upload.addEventListener('load', function () {
      bar.removeAttribute('value');  /* indeterminate while the report is read */
      started = Date.now();
      say('reading', {s: 0});
      timer = setInterval(function () {
        say('reading', {s: Math.round((Date.now() - started) / 1000)});
      }, 1000);
    });
    request.addEventListener('loadend', function () {
      if (timer) { clearInterval(timer); }
      if (request.status) {
        document.open();
        document.write(request.responseText);
        document.close();
      } else {
        button.disabled = false;
        box.hidden = true;
      }
    });
    box.hidden = false;
    button.disabled = true;
    bar.value = 0;
    say('uploading', {pct: 0});
    request.send(new FormData(form));
  });
})();
