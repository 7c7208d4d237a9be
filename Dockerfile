FROM python:3.11-slim

# PYTHONPATH: run the code in /app, where templates, static and locale live beside it, not
# the copy `pip install .` puts in site-packages (which is there for the dependencies).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.base \
    MEDIA_ROOT=/app/var/media

# gettext: compilemessages (the .mo files are not committed); pango and a Hangul font:
# WeasyPrint's year-end benchmarking report (PDF).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-nanum \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
# The locked versions first, in a layer of their own that survives changes to the code.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt
COPY . .
# collectstatic with DEBUG=false writes the manifest that the running app's storage expects.
RUN pip install --no-deps . \
    && if find . -name '*.po' | grep -q .; then django-admin compilemessages -v 0; fi \
    && DEBUG=false python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/var/media \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi:application"]
