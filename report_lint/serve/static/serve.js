/* The upload form, nicer: drop a file anywhere on the box, see the upload's progress and
   then how long the report has been read. Without this script the form posts as it is. */
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
    }
  });
  input.addEventListener('change', function () {
    if (input.files.length) { drop.querySelector('span').textContent = input.files[0].name; }
  });

  function say(key, values) {
    var text = form.getAttribute('data-' + key) || '';
    Object.keys(values).forEach(function (k) { text = text.replace('{' + k + '}', values[k]); });
    status.textContent = text;
  }

  form.addEventListener('submit', function (e) {
    if (!input.files.length) { return; }
    e.preventDefault();
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
