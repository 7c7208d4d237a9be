"""A gunicorn worker loads what the first look-ups would otherwise wait for."""

import json

from tests.core.test_settings import start

AFTER_WARM_UP = """
import json, runpy
import django
django.setup()
from similarity import encoder, morphology
before = {"analyser": morphology._kiwi is not None, "encoder": encoder._model is not None}
runpy.run_path("gunicorn.conf.py")["post_worker_init"](None)
after = {"analyser": morphology._kiwi is not None, "encoder": encoder._model is not None}
print(json.dumps([before, after]))
"""


def test_a_worker_has_the_analyser_and_the_encoder_loaded_before_its_first_request():
    result = start(AFTER_WARM_UP)
    assert result.returncode == 0, result.stderr
    before, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert before == {"analyser": False, "encoder": False}
    assert after == {"analyser": True, "encoder": True}
