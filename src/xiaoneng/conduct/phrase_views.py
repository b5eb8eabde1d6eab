"""The page where the center's admin edits its code-of-conduct phrases (E4): each phrase's kind, text, wordings and
exceptions as form fields (conduct/phrase_form.py), checked before they are saved, or the built-in set restored."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.conduct import phrase_form, service
from xiaoneng.conduct.phrases import KINDS, builtin_data
from xiaoneng.errors import ValidationFailed
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/conduct/phrases", dependencies=[Depends(require_csrf)], include_in_schema=False)
MAX_FORM_FIELDS = 8 * (phrase_form.MAX_PHRASES + 1) + 4


def _page(request: Request, db, actor, *, rows=None, error: str = "", status_code: int = 200):
    data, own = service.phrases_data(db, actor=actor)
    rows = rows if rows is not None else phrase_form.rows_of(data)
    ctx = {"rows": rows, "own": own, "kinds": KINDS, "error": error, "optional": phrase_form.OPTIONAL,
           "new_n": len(rows) + 1, "flash": take_flash(request)}
    return render(request, "conduct/phrases.html", ctx, actor=actor, status_code=status_code)


@router.get("")
def phrases_page(request: Request, db: DbSession, actor: CurrentUser):
    return _page(request, db, actor)


@router.post("")
async def save(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("conduct.settings")
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    try:
        count = int(str(form.get("count", "0")))
    except ValueError:
        count = 0
    texts: dict[str, str] = {}
    try:
        if form.get("restore"):
            service.update_phrases(db, actor=actor, data=builtin_data())
            flash(request, "已恢复为内置的服务规范用语")
        else:
            data, texts = phrase_form.data_of(form, count)
            row = service.update_phrases(db, actor=actor, data=data)
            flash(request, f"已保存 {len(data['phrases'])} 条用语（第 {row.version} 版），此后的扫描按新用语进行")
    except ValidationFailed as exc:
        db.rollback()
        rows = [phrase_form.Row(n=n, code=str(form.get(f"code_{n}", "")), kind=str(form.get(f"kind_{n}", "")),
                                text=str(form.get(f"text_{n}", "")), slots=str(form.get(f"slots_{n}", "")),
                                unless_after=str(form.get(f"unless_after_{n}", "")),
                                unless_before=str(form.get(f"unless_before_{n}", "")))
                for n in range(1, min(count, phrase_form.MAX_PHRASES) + 1)]
        return _page(request, db, actor, rows=rows, error=phrase_form.named(exc, texts).message, status_code=422)
    return RedirectResponse("/conduct/phrases", status_code=303)
