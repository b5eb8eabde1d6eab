// The window kiosk: shows the step being served, sends the rating, waits for the next one.
(function(){var token=document.body.dataset.token,current=null,nonce=null,busy=false;
function $(id){return document.getElementById(id)}
function show(which){['idle','prompt','done'].forEach(function(k){$(k).style.display=k===which?'block':'none'})}
function poll(){if(busy)return;fetch('/kiosk/'+token+'/current',{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){
if(d.step){if(!current||current.step_id!==d.step.step_id){current=d.step;nonce=d.nonce;$('item').textContent=d.step.item+'（'+d.step.step+'）';$('staff').textContent=d.step.staff;$('msg').textContent='';show('prompt')}}
else if(current){current=null;show('idle')}}).catch(function(){})}
var level=null;
function send(extra){busy=true;var body=new URLSearchParams({step_id:current.step_id,level:level,nonce:nonce});
if(extra)body.append('ind.'+extra.code,extra.option);
fetch('/kiosk/'+token+'/rate',{method:'POST',body:body}).then(function(r){return r.json().then(function(d){return [r.ok,d]})}).then(function(x){
if(x[0]){current=null;$('problems').style.display='none';show('done');setTimeout(function(){busy=false;show('idle')},4000)}else{busy=false;$('msg').textContent=x[1].message}}).catch(function(){busy=false})}
document.querySelectorAll('button[data-level]').forEach(function(b){b.addEventListener('click',function(){
if(!current||busy)return;level=b.dataset.level;if(+level<=2&&document.querySelector('.problem')){$('problems').style.display='block';return}send(null)})});
document.querySelectorAll('.problem').forEach(function(b){b.addEventListener('click',function(){if(current&&!busy&&level)send({code:b.dataset.code,option:b.dataset.option})})});
poll();setInterval(poll,3000)})();
