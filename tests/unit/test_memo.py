from coaching.memo import per_data_version
from coaching.store import accounts as repo
from coaching.store import versions, write


def test_a_result_is_reused_until_the_team_data_changes(engine):
    calls = []

    @per_data_version
    def count(engine, team_id, day):
        calls.append(day)
        return len(calls)

    with write(engine) as conn:
        team = repo.create_team(conn, "T")
    assert count(engine, team, "mo") == count(engine, team, "mo") == 1
    assert count(engine, team, "di") == 2  # other arguments, other result
    with write(engine) as conn:
        versions.bump(conn, team)
    assert count(engine, team, "mo") == 3
