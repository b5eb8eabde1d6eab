// The public rating form: indicator options of the chosen side only, real-name fields when asked for.
(function(){var f=document.getElementById('rating-form');
function sync(){var c=f.querySelector('input[name=level]:checked'),bad=c&&+c.value<=2;
f.querySelectorAll('.opts').forEach(function(d){var show=!c||(d.dataset.side==='bad')===bad;d.style.display=show?'':'none';
if(!show)d.querySelectorAll('input').forEach(function(i){i.checked=false})});
var r=document.getElementById('real_name');document.getElementById('real-name-fields').style.display=r.checked?'':'none'}
f.addEventListener('change',sync);sync()})();
// After a refused submission the page opens on the error summary, not at the top three screens above the fields.
(function(){var s=document.getElementById('error-summary');if(s){s.scrollIntoView();s.focus()}})();
