# QI One-Stop's server image: gunicorn with the shipped gunicorn.conf.py. Built by compose.yaml;
# see docs/deploy.md. Everything it installs comes from the package registries, as `make install`;
# pg_dump and pg_restore (Debian's PostgreSQL 15 client) for `flask qi backup` and `restore`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 FLASK_APP=app \
    QI_INSTANCE_PATH=/srv/qi/instance QI_UPLOAD_DIR=/srv/qi/uploads QI_BIND=0.0.0.0:8000
WORKDIR /srv/qi
RUN useradd --system --home /srv/qi qi \
    && apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY . .
# Editable, as `make install`: the plugins/ folder beside app/ is where the built-in plugins load from.
RUN pip install --no-cache-dir -e . \
    && python -m app.web.vendor && python -m app.i18n.catalogs compile \
    && mkdir -p instance uploads && chown -R qi:qi instance uploads
USER qi
EXPOSE 8000
CMD ["sh", "-c", "flask qi check-config && exec gunicorn 'app:create_app()'"]
