from coaching.demo import reset_demo
from coaching.store import accounts as repo
from coaching.store import read, write
from tests.conftest import FIXED_TODAY


def test_demo_creates_a_labelled_team_with_a_manager_and_five_members(engine):
    report = reset_demo(engine, FIXED_TODAY)
    roles = [role for _, _, role in report.logins]
    assert roles.count("manager") == 1 and roles.count("member") == 5
    with read(engine) as conn:
        assert all(u.is_demo for u in repo.team_members(conn, report.team_id))


def test_running_demo_again_resets_it_and_leaves_real_teams_alone(engine):
    with write(engine) as conn:
        real = repo.create_team(conn, "Echt")
        repo.add_user(
            conn, team_id=real, email="echt@firma.de", name="E", role="manager", password_hash="x"
        )
    first = reset_demo(engine, FIXED_TODAY)
    second = reset_demo(engine, FIXED_TODAY)
    assert first.logins == second.logins
    with read(engine) as conn:
        assert repo.demo_team_ids(conn) == [second.team_id]
        assert repo.user_by_email(conn, "echt@firma.de") is not None
