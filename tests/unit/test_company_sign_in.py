from urllib.parse import parse_qs, urlparse

import pytest

from coaching import accounts, company_sign_in, team_admin
from coaching.accounts import AccountError

GOOD = "Sonnenblume-42"


def _claims(email, verified=True, **more):
    return {"email": email, "email_verified": verified, **more}


def test_a_known_verified_address_signs_in_and_the_handoff_starts_a_session(engine, lead):
    result = company_sign_in.sign_in_by_sso(engine, _claims("Chefin@Firma.de"))
    assert result.user.id == lead.id
    assert accounts.user_for_session(engine, accounts.redeem_handoff(engine, result.handoff))


def test_an_unverified_or_missing_address_is_refused(engine, lead):
    for claims in (_claims("chefin@firma.de", verified=False), {"sub": "x"}):
        with pytest.raises(AccountError) as refused:
            company_sign_in.sign_in_by_sso(engine, claims)
        assert refused.value.key == "admin.sso_unverified"


def test_entra_marks_a_verified_domain_with_xms_edov(engine, lead):
    claims = {"email": "chefin@firma.de", "xms_edov": True}
    assert company_sign_in.sign_in_by_sso(engine, claims).user.id == lead.id


def test_an_unknown_address_is_refused_until_its_domain_is_admitted(engine, lead):
    with pytest.raises(AccountError) as refused:
        company_sign_in.sign_in_by_sso(engine, _claims("neu@firma.de", name="Neu"))
    assert refused.value.key == "admin.sso_unknown"
    team_admin.save_sign_in_settings(engine, lead, "password_and_sso", "firma.de")
    joined = company_sign_in.sign_in_by_sso(engine, _claims("neu@firma.de", name="Nele Neu"))
    assert (joined.user.name, joined.user.role, joined.user.team_id) == (
        "Nele Neu",
        "member",
        lead.team_id,
    )
    with pytest.raises(AccountError):
        company_sign_in.sign_in_by_sso(engine, _claims("neu@firma.de.evil.com"))
    with pytest.raises(AccountError):
        accounts.sign_in(engine, "neu@firma.de", "!sso")  # no password works for an SSO account


def test_an_invitation_is_accepted_by_the_invited_company_account_only(engine, lead):
    link = team_admin.invite(
        engine, lead, email="anna@partner.de", name="Anna", role="manager", base_url="https://x"
    )
    token = parse_qs(urlparse(link.url).query)["einladung"][0]
    with pytest.raises(AccountError) as wrong:
        company_sign_in.sign_in_by_sso(engine, _claims("bob@partner.de"), token)
    assert wrong.value.key == "admin.sso_wrong_account"
    result = company_sign_in.sign_in_by_sso(engine, _claims("anna@partner.de"), token)
    assert result.user.role == "manager"
    again = company_sign_in.sign_in_by_sso(engine, _claims("anna@partner.de"), token)
    assert again.user.id == result.user.id


def test_a_deactivated_person_cannot_sign_in_by_sso(engine, lead):
    team_admin.save_sign_in_settings(engine, lead, "password_and_sso", "firma.de")
    user = company_sign_in.sign_in_by_sso(engine, _claims("neu@firma.de")).user
    team_admin.set_active(engine, lead, user.id, False, None)
    with pytest.raises(AccountError) as refused:
        company_sign_in.sign_in_by_sso(engine, _claims("neu@firma.de"))
    assert refused.value.key == "auth.deactivated"


def test_passwords_stay_allowed_until_the_lead_chooses_sso_only(engine, lead):
    assert company_sign_in.passwords_allowed(engine)
    team_admin.save_sign_in_settings(engine, lead, "sso_only", "")
    assert not company_sign_in.passwords_allowed(engine)
