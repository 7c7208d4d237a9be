# The dashboards read the other apps' tables; the briefing book adds its own model later.
