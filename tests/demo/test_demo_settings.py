"""`flask demo load` gives the site settings placeholder numbers, replaces the numbers an earlier
demo load stored (they ended like 112 and 115), and never overwrites a number an admin typed."""
from __future__ import annotations

from app.demo import data
from app.settings import load_settings, save_settings


def test_demo_numbers_replace_the_earlier_demo_ones_but_not_an_admins(runner, db):
    save_settings({"phone": "0225 3812 345",  # typed by an admin: kept
                   "civil_defence_phone": data.OLD_SETTINGS["civil_defence_phone"],
                   "health_station_phone": data.OLD_SETTINGS["health_station_phone"]})
    db.session.commit()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    settings = load_settings()
    assert settings.phone == "0225 3812 345"
    assert settings.civil_defence_phone == data.SETTINGS["civil_defence_phone"] == "0220 3000 002"
    assert settings.health_station_phone == data.SETTINGS["health_station_phone"] == "0220 3000 003"
