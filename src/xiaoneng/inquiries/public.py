"""The public look-up of an inquiry (no account): its number and the phone given when asking show how it stands.

A look-up reads nothing it does not show and changes nothing, so it needs no CSRF token; it is counted per client
address like the other public pages, and a wrong number or phone says only that nothing was found."""

from __future__ import annotations

from fastapi import APIRouter, Request

from xiaoneng.inquiries import queries, rules, service
from xiaoneng.web.deps import DbSession, limit_public
from xiaoneng.web.templating import render

router = APIRouter(include_in_schema=False)
LABELS = {"channels": rules.CHANNEL_LABELS, "outcomes": rules.OUTCOME_LABELS, "statuses": rules.REFERRAL_STATUS_LABELS}


@router.get("/inquiry")
def lookup_page(request: Request):
    limit_public(request, "inquiry")
    return render(request, "inquiries/lookup.html", {"values": {}, "found": None, "asked": False, **LABELS})


@router.post("/inquiry")
async def lookup(request: Request, db: DbSession):
    limit_public(request, "inquiry")
    form = await request.form()
    values = {"number": str(form.get("number", ""))[:40], "phone": str(form.get("phone", ""))[:20]}
    found = service.public_lookup(db, number=values["number"], phone=values["phone"])
    ctx = {"values": values, "found": found, "asked": True, "referral_text": queries.referral_text, **LABELS}
    return render(request, "inquiries/lookup.html", ctx, status_code=200 if found else 404)
