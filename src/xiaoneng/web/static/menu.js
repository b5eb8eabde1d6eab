// The back office's menu on a phone: the 菜单 button shows and hides the navigation (hidden by CSS below 720 px).
(function () {
  var button = document.getElementById('menu-button');
  var nav = document.getElementById('side-nav');
  if (!button || !nav) { return; }
  button.addEventListener('click', function () {
    var open = nav.classList.toggle('open');
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
})();
