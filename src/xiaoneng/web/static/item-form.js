// 办事指南 form: 增加材料 adds a row of material fields, numbered after the last one.
document.getElementById('add-material').addEventListener('click', function () {
  var body = document.querySelector('#materials tbody');
  var last = body.lastElementChild;
  var row = last.cloneNode(true);
  var next = body.children.length;
  row.querySelectorAll('input').forEach(function (input) {
    input.name = input.name.replace(/^m-\d+-/, 'm-' + next + '-');
    if (input.type === 'checkbox') { input.checked = input.name.endsWith('-required'); }
    else { input.value = input.name.endsWith('-copies') ? '原件1份' : ''; }
  });
  body.appendChild(row);
});
