// 返回上一页 on error pages: back in the history when there is one, else the link's own target (the home page).
document.getElementById('go-back').addEventListener('click', function (event) {
  if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
