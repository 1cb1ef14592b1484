from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import func, select, update

from coaching import accounts, exporting, team_admin
from coaching.accounts import AccountError
from coaching.store import accounts as repo
from coaching.store import read, write
from coaching.store.schema import audit_log, invitations, users

GOOD = "Sonnenblume-42"
BASE = "https://funkstille.firma.de"


def _user(engine, user_id):
    with read(engine) as conn:
        return repo.user_by_id(conn, user_id)


def _token(link) -> str:
    return next(iter(parse_qs(urlparse(link.url).query).values()))[0]


def _person(engine, lead, email):
    return next(p for p in team_admin.team_view(engine, lead).people if p.email == email)


def _join(engine, lead, email="anna@firma.de", role="member"):
    link = team_admin.invite(engine, lead, email=email, name="Anna", role=role, base_url=BASE)
    team_admin.accept_invitation(engine, _token(link), GOOD, GOOD)
    return _person(engine, lead, email)


def test_an_invitation_link_is_stored_only_as_a_hash_and_lasts_seven_days(engine, lead):
    link = team_admin.invite(
        engine, lead, email=" Anna@Firma.de ", name="Anna", role="member", base_url=BASE
    )
    token = _token(link)
    assert link.url.startswith(f"{BASE}/?einladung=")
    with read(engine) as conn:
        row = conn.execute(select(invitations)).one()
    assert row.email == "anna@firma.de" and token not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(days=7)
    assert token in link.message.body and "Anna" in link.message.body


def test_accepting_sets_the_password_signs_in_and_cannot_be_replayed(engine, lead):
    link = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    result = team_admin.accept_invitation(engine, _token(link), GOOD, GOOD)
    assert result.user.email == "anna@firma.de" and result.user.role == "member"
    assert accounts.redeem_handoff(engine, result.handoff)
    assert accounts.sign_in(engine, "anna@firma.de", GOOD).user.id == result.user.id
    with pytest.raises(AccountError) as replay:
        team_admin.accept_invitation(engine, _token(link), GOOD, GOOD)
    assert replay.value.key == "admin.link_used"


def test_accepting_with_a_weak_password_keeps_the_invitation_open(engine, lead):
    link = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    with pytest.raises(AccountError) as weak:
        team_admin.accept_invitation(engine, _token(link), "kurz", "kurz")
    assert weak.value.key == "auth.weak.too_short"
    assert team_admin.open_invitation(engine, _token(link)).email == "anna@firma.de"


def test_expired_and_tampered_links_are_refused_by_name(engine, lead):
    link = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    with pytest.raises(AccountError) as tampered:
        team_admin.open_invitation(engine, _token(link) + "x")
    assert tampered.value.key == "admin.link_invalid"
    with write(engine) as conn:
        conn.execute(update(invitations).values(expires_at=invitations.c.created_at))
    with pytest.raises(AccountError) as expired:
        team_admin.open_invitation(engine, _token(link))
    assert expired.value.key == "admin.link_expired"


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("chefin@firma.de", "admin.email_taken"),
        ("anna@firma", "auth.invalid_email"),
        ("anna firma.de", "auth.invalid_email"),
        ("@firma.de", "auth.invalid_email"),
    ],
)
def test_bad_invitations_are_refused_and_nothing_is_stored(engine, lead, email, key):
    with pytest.raises(AccountError) as refused:
        team_admin.invite(engine, lead, email=email, name="Anna", role="member", base_url=BASE)
    assert refused.value.key == key
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(invitations)) == 0
        assert conn.scalar(select(func.count()).select_from(audit_log)) == 0


def test_a_new_invitation_replaces_the_open_one_for_the_same_address(engine, lead):
    first = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="manager", base_url=BASE
    )
    with pytest.raises(AccountError):
        team_admin.open_invitation(engine, _token(first))
    assert [i.role for i in team_admin.team_view(engine, lead).invitations] == ["manager"]


def test_a_member_cannot_administer(engine, lead):
    anna = _join(engine, lead)
    as_member = _user(engine, anna.id)
    with pytest.raises(AccountError) as refused:
        team_admin.team_view(engine, as_member)
    assert refused.value.key == "admin.managers_only"
    with pytest.raises(AccountError):
        team_admin.change_role(engine, as_member, lead.id, "member", None)


def test_the_last_manager_can_be_neither_demoted_nor_deactivated(engine, lead):
    _join(engine, lead)
    me = _person(engine, lead, "chefin@firma.de")
    with pytest.raises(AccountError) as demote:
        team_admin.change_role(engine, lead, lead.id, "member", me.row_version)
    assert demote.value.key == "admin.last_manager"
    with pytest.raises(AccountError) as remove:
        team_admin.remove_person(engine, None, lead.id, None)
    assert remove.value.key == "data.erase.last_manager"


def test_a_role_change_is_logged_with_who_what_and_whom(engine, lead):
    anna = _join(engine, lead)
    team_admin.change_role(engine, lead, anna.id, "manager", anna.row_version)
    assert _person(engine, lead, "anna@firma.de").role == "manager"
    log = team_admin.audit_table(engine, lead)
    assert list(log["action"]) == ["role", "accept", "invite"]
    assert log.iloc[0][["actor", "target", "detail"]].tolist() == [
        "chefin@firma.de",
        "anna@firma.de",
        "manager",
    ]


def test_two_managers_acting_on_the_same_person_the_second_is_told(engine, lead):
    anna = _join(engine, lead)
    seen = anna.row_version
    team_admin.set_active(engine, lead, anna.id, False, seen)
    with pytest.raises(AccountError) as stale:
        team_admin.change_role(engine, lead, anna.id, "manager", seen)
    assert stale.value.key == "admin.changed_meanwhile"
    assert _person(engine, lead, "anna@firma.de").role == "member"


def test_a_deactivated_person_is_signed_out_and_cannot_sign_in_until_reactivated(engine, lead):
    anna = _join(engine, lead)
    session = accounts.redeem_handoff(engine, accounts.sign_in(engine, anna.email, GOOD).handoff)
    team_admin.set_active(engine, lead, anna.id, False, anna.row_version)
    assert accounts.user_for_session(engine, session) is None
    with pytest.raises(AccountError) as refused:
        accounts.sign_in(engine, anna.email, GOOD)
    assert refused.value.key == "auth.deactivated"
    team_admin.set_active(engine, lead, anna.id, True, None)
    assert accounts.sign_in(engine, anna.email, GOOD).user.id == anna.id


def test_a_reset_link_ends_sessions_and_sets_a_new_password_once(engine, lead):
    anna = _join(engine, lead)
    session = accounts.redeem_handoff(engine, accounts.sign_in(engine, anna.email, GOOD).handoff)
    link = team_admin.issue_password_reset(engine, lead, anna.id, anna.row_version, BASE)
    assert accounts.user_for_session(engine, session) is None
    assert "/?passwort=" in link.url
    team_admin.complete_password_reset(engine, _token(link), "Gartenzaun-77", "Gartenzaun-77")
    assert accounts.sign_in(engine, anna.email, "Gartenzaun-77").user.id == anna.id
    with pytest.raises(AccountError) as replay:
        team_admin.complete_password_reset(engine, _token(link), "Gartenzaun-78", "Gartenzaun-78")
    assert replay.value.key == "admin.link_invalid"


def test_removing_uses_the_erasure_and_is_logged(engine, lead):
    anna = _join(engine, lead)
    team_admin.remove_person(engine, lead, anna.id, anna.row_version)
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(users)) == 1
    assert team_admin.audit_table(engine, lead)["action"].iloc[0] == "remove"


def test_nobody_removes_or_deactivates_themselves_here(engine, lead):
    me = _person(engine, lead, lead.email)
    for act in (
        lambda: team_admin.remove_person(engine, lead, lead.id, me.row_version),
        lambda: team_admin.set_active(engine, lead, lead.id, False, me.row_version),
    ):
        with pytest.raises(AccountError) as refused:
            act()
        assert refused.value.key == "admin.not_yourself"


def test_sign_in_settings_accept_domains_and_refuse_nonsense(engine, lead):
    team_admin.save_sign_in_settings(engine, lead, "sso_only", " Firma.de; firma.at ")
    assert team_admin.sign_in_settings(engine, lead.team_id) == (
        "sso_only",
        ["firma.de", "firma.at"],
    )
    with pytest.raises(AccountError) as bad:
        team_admin.save_sign_in_settings(engine, lead, "password_and_sso", "anna@firma.de")
    assert bad.value.key == "admin.invalid_domain"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_link_messages_exist_in_both_languages(lang):
    message = team_admin.link_message("reset", "https://x/?passwort=abc", "Anna", lang)
    assert "https://x/?passwort=abc" in message.body and "7" in message.body
    assert message.subject and "{" not in message.body


def test_the_exported_log_cannot_run_as_a_spreadsheet_formula(engine, lead):
    team_admin.invite(engine, lead, email="=1+1@firma.de", name="X", role="member", base_url=BASE)
    csv = exporting.to_csv(team_admin.audit_table(engine, lead)).decode("utf-8-sig")
    assert "'=1+1@firma.de" in csv


def test_with_mail_configured_the_invitation_reaches_the_invited_inbox(engine, lead, smtp_env):
    inbox = smtp_env()
    link = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    assert link.delivery == "sent"
    (received,) = inbox.messages
    assert received["To"] == "anna@firma.de" and received["Subject"] == link.message.subject
    assert link.url in received.get_body(("plain",)).get_content()


def test_a_refused_reset_mail_keeps_the_link_and_says_why(engine, lead, smtp_env):
    anna = _join(engine, lead)
    inbox = smtp_env()
    inbox.refuse = True
    link = team_admin.issue_password_reset(engine, lead, anna.id, anna.row_version, BASE)
    assert link.delivery not in ("sent", "off") and not inbox.messages
    assert team_admin.open_password_reset(engine, _token(link)).email == "anna@firma.de"


def test_without_mail_configured_the_link_is_only_shown(engine, lead):
    link = team_admin.invite(
        engine, lead, email="anna@firma.de", name="Anna", role="member", base_url=BASE
    )
    assert link.delivery == "off"
