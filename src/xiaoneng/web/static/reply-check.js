// 检查答复: the complaint answer form sends its draft to the form's data-check-url and shows the scores (relevance,
// completeness, explanation) with the reasons, before the answer goes to the complainant. Nothing is saved.
(function () {
  'use strict';
  var LABELS = [['relevance', '相关性'], ['completeness', '完整性'], ['explanation', '可解释性'], ['overall', '综合']];

  function percent(value) { return Math.round(value * 100) + '%'; }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(box, result) {
    box.textContent = '';
    var scores = element('dl', 'reply-scores');
    LABELS.forEach(function (pair) {
      var value = result[pair[0]];
      scores.appendChild(element('dt', null, pair[1]));
      scores.appendChild(element('dd', 'score-' + result.levels[pair[0]], percent(value)));
    });
    box.appendChild(scores);
    var reasons = element('ul', 'reply-reasons');
    result.reasons.forEach(function (reason) { reasons.appendChild(element('li', null, reason)); });
    box.appendChild(reasons);
    if (result.unanswered.length) {
      box.appendChild(element('p', 'muted', '答复尚未回应的诉求：'));
      var open = element('ul', 'reply-unanswered');
      result.unanswered.forEach(function (text) { open.appendChild(element('li', null, text)); });
      box.appendChild(open);
    }
    box.hidden = false;
  }

  function fail(box, message) {
    box.textContent = '';
    box.appendChild(element('p', 'error', message));
    box.hidden = false;
  }

  document.querySelectorAll('form[data-check-url]').forEach(function (form) {
    var button = form.querySelector('.reply-check-button');
    var box = form.querySelector('.reply-check');
    var token = form.querySelector('input[name="csrf_token"]');
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      window.fetch(form.dataset.checkUrl, {
        method: 'POST', body: new FormData(form), credentials: 'same-origin',
        headers: {'X-CSRF-Token': token ? token.value : '', 'Accept': 'application/json'}
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw new Error(body.message || ('检查失败（' + response.status + '）')); }
          show(box, body);
        });
      }).catch(function (error) {
        fail(box, error.message || '网络不通，暂时无法检查答复');
      }).then(function () { button.disabled = false; });
    });
  });
}());
