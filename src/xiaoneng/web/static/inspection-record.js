// The record of a visit taken on a phone: every choice is kept in the browser as it is made (localStorage for the
// answers, IndexedDB for the photos), and sent when there is a signal: the photos first, then the record, all under
// one submission key made here, so that a record sent twice is stored once. On 我的巡查 the same code sends the
// records still waiting. No inline script: the page hands its data over in data- attributes (CSP script-src 'self').
(function () {
  'use strict';

  var PREFIX = 'xn-inspection-record-';
  var RETRY_MS = 20000;
  var MAX_BYTES = 5 * 1024 * 1024;
  var TYPES = ['image/jpeg', 'image/png', 'image/webp'];

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function load(visitId) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + visitId)) || null; } catch (e) { return null; }
  }

  function save(state) { window.localStorage.setItem(PREFIX + state.visit, JSON.stringify(state)); }

  function forget(state) { window.localStorage.removeItem(PREFIX + state.visit); }

  // ---- photos in IndexedDB -----------------------------------------------------------------------------------
  var dbPromise = null;
  function photoStore() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = window.indexedDB.open('xn-inspections', 1);
        open.onupgradeneeded = function () { open.result.createObjectStore('photos', {keyPath: 'pid'}); };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }

  function photoTx(mode, work) {
    return photoStore().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('photos', mode);
        var result = work(tx.objectStore('photos'));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function putPhoto(pid, blob) { return photoTx('readwrite', function (s) { return s.put({pid: pid, blob: blob}); }); }
  function getPhoto(pid) { return photoTx('readonly', function (s) { return s.get(pid); }); }
  function dropPhoto(pid) { return photoTx('readwrite', function (s) { return s.delete(pid); }); }

  // ---- sending ---------------------------------------------------------------------------------------------
  function Offline() { this.offline = true; }

  function send(url, options) {
    return window.fetch(url, options).catch(function () { throw new Offline(); }).then(function (response) {
      if (response.status === 401) { throw {message: '登录已过期：请重新登录，记录仍保存在本机，登录后自动提交', keep: true}; }
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw {message: body.message || ('提交失败（' + response.status + '）'), keep: response.status >= 500}; }
        return body;
      });
    });
  }

  function sendPhotos(state, csrf) {
    var chain = Promise.resolve();
    state.photos.forEach(function (photo) {
      if (photo.sent) { return; }
      chain = chain.then(function () { return getPhoto(photo.pid); }).then(function (stored) {
        if (!stored) { throw {message: '照片“' + photo.name + '”在本机已丢失，请删除后重新拍摄', keep: false}; }
        var form = new FormData();
        form.append('visit_id', state.visit);
        form.append('submission_key', state.key);
        form.append('indicator_id', photo.indicator || '');
        form.append('file', stored.blob, photo.name);
        return send('/api/inspections/photos', {method: 'POST', body: form, credentials: 'same-origin',
                                                headers: {'X-CSRF-Token': csrf}});
      }).then(function () { photo.sent = true; save(state); });
    });
    return chain;
  }

  function sendRecord(state, csrf) {
    var results = Object.keys(state.results).map(function (id) {
      return {indicator_id: Number(id), outcome: state.results[id].outcome || '', note: state.results[id].note || ''};
    });
    return send('/api/inspections/visits/' + state.visit + '/record', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify({submission_key: state.key, results: results, notes: state.notes || ''})
    });
  }

  var busy = {};
  // Sends one waiting record; calls report(kind, text) with 'offline', 'error' or 'done'.
  function sync(state, csrf, report) {
    if (!state || !state.pending || busy[state.visit]) { return Promise.resolve(); }
    if (navigator.onLine === false) { report('offline'); return Promise.resolve(); }
    busy[state.visit] = true;
    return sendPhotos(state, csrf).then(function () { return sendRecord(state, csrf); }).then(function (body) {
      forget(state);
      return Promise.all(state.photos.map(function (p) { return dropPhoto(p.pid); })).then(function () {
        report('done', body);
      });
    }).catch(function (problem) {
      if (problem instanceof Offline) { report('offline'); return; }
      if (!problem.keep) { state.pending = false; save(state); }
      report('error', problem.message || String(problem));
    }).then(function () { busy[state.visit] = false; });
  }

  // ---- the record page -----------------------------------------------------------------------------------
  function recordPage(root) {
    var visit = root.dataset.visit;
    var csrf = root.dataset.csrf;
    var form = document.getElementById('record-form');
    var status = document.getElementById('sync-status');
    var state = load(visit) || {visit: visit, key: newKey(), results: {}, notes: '', photos: [], pending: false};

    function show(kind, text) {
      status.hidden = false;
      status.className = 'flash ' + (kind === 'done' ? 'ok' : kind === 'error' ? 'error' : 'warn');
      status.textContent = text;
    }

    function report(kind, detail) {
      if (kind === 'offline') { show('offline', '网络不可用：记录已保存在本机，恢复网络后自动提交。'); }
      else if (kind === 'error') { show('error', detail); }
      else {
        show('done', detail.again ? '该记录此前已提交，未重复保存。' : '巡查记录已提交' +
             (detail.findings ? '，发现问题 ' + detail.findings + ' 项。' : '。'));
        window.setTimeout(function () { window.location.assign(detail.url); }, 800);
      }
    }

    function renderPhotos() {
      root.querySelectorAll('[data-photos]').forEach(function (list) {
        list.textContent = '';
        state.photos.filter(function (p) { return String(p.indicator) === list.dataset.photos; }).forEach(function (p) {
          var item = document.createElement('li');
          item.textContent = p.name + '（' + Math.max(1, Math.round(p.size / 1024)) + ' KB' + (p.sent ? '，已上传' : '') + '）';
          var remove = document.createElement('button');
          remove.type = 'button';
          remove.className = 'link';
          remove.textContent = '删除';
          remove.addEventListener('click', function () {
            state.photos = state.photos.filter(function (q) { return q.pid !== p.pid; });
            dropPhoto(p.pid);
            save(state);
            renderPhotos();
          });
          item.appendChild(remove);
          list.appendChild(item);
        });
      });
    }

    // Put back what was chosen before (a reload, the phone's browser closed while offline).
    Object.keys(state.results).forEach(function (id) {
      var r = state.results[id];
      var radio = form.querySelector('input[name="o-' + id + '"][value="' + r.outcome + '"]');
      if (radio) { radio.checked = true; }
      var note = form.querySelector('textarea[name="n-' + id + '"]');
      if (note) { note.value = r.note || ''; }
    });
    form.querySelector('textarea[name="notes"]').value = state.notes || '';
    renderPhotos();

    function result(id) { return state.results[id] || (state.results[id] = {outcome: '', note: ''}); }

    form.addEventListener('change', function (event) {
      var target = event.target;
      if (target.name && target.name.indexOf('o-') === 0) { result(target.name.slice(2)).outcome = target.value; }
      save(state);
    });
    form.addEventListener('input', function (event) {
      var target = event.target;
      if (target.name && target.name.indexOf('n-') === 0) { result(target.name.slice(2)).note = target.value; }
      if (target.name === 'notes') { state.notes = target.value; }
      save(state);
    });
    root.querySelectorAll('input[type=file][data-photo]').forEach(function (input) {
      input.addEventListener('change', function () {
        Array.prototype.forEach.call(input.files, function (file) {
          if (TYPES.indexOf(file.type) < 0) { show('error', '照片“' + file.name + '”不是图片：只接受 JPEG、PNG 或 WebP 格式'); return; }
          if (file.size > MAX_BYTES) { show('error', '照片“' + file.name + '”超过 5 MB，请缩小后再上传'); return; }
          var pid = state.key + '-' + newKey().slice(0, 8);
          putPhoto(pid, file).then(function () {
            state.photos.push({pid: pid, indicator: input.dataset.photo, name: file.name, size: file.size, sent: false});
            save(state);
            renderPhotos();
          });
        });
        input.value = '';
      });
    });
    document.getElementById('all-pass').addEventListener('click', function () {
      form.querySelectorAll('fieldset[data-indicator]').forEach(function (set) {
        var id = set.dataset.indicator;
        if (!result(id).outcome) {
          result(id).outcome = 'pass';
          set.querySelector('input[value="pass"]').checked = true;
        }
      });
      save(state);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var missing = Array.prototype.filter.call(form.querySelectorAll('fieldset[data-indicator]'), function (set) {
        return !result(set.dataset.indicator).outcome;
      });
      if (missing.length) {
        show('error', '还有 ' + missing.length + ' 项指标未填写：' + missing[0].querySelector('legend').textContent.trim());
        missing[0].scrollIntoView();
        return;
      }
      state.pending = true;
      save(state);
      show('offline', '正在提交……');
      sync(state, csrf, report);
    });
    window.addEventListener('online', function () { sync(load(visit), csrf, report); });
    window.setInterval(function () { sync(load(visit), csrf, report); }, RETRY_MS);
    if (state.pending) { sync(state, csrf, report); }
  }

  // ---- 我的巡查: send whatever is waiting ------------------------------------------------------------------
  function waitingList(box) {
    var csrf = box.dataset.csrf;
    function run() {
      var keys = [];
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var name = window.localStorage.key(i);
        if (name && name.indexOf(PREFIX) === 0) { keys.push(name.slice(PREFIX.length)); }
      }
      var waiting = keys.map(load).filter(function (s) { return s && s.pending; });
      box.hidden = waiting.length === 0;
      box.textContent = waiting.length ? '有 ' + waiting.length + ' 份巡查记录保存在本机，等待网络恢复后提交。' : '';
      waiting.forEach(function (state) {
        sync(state, csrf, function (kind, detail) {
          if (kind === 'done') { box.textContent = '本机保存的巡查记录已提交。'; box.className = 'flash ok'; }
          if (kind === 'error') { box.textContent = detail; box.className = 'flash error'; }
        });
      });
    }
    window.addEventListener('online', run);
    window.setInterval(run, RETRY_MS);
    run();
  }

  var root = document.getElementById('record');
  if (root) { recordPage(root); }
  var box = document.getElementById('waiting-records');
  if (box) { waitingList(box); }
}());
