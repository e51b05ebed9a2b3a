# Image for the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=imdi_portal.settings

WORKDIR /app
RUN groupadd --system imdi && useradd --system --gid imdi --home /app imdi

COPY pyproject.toml README.md ./
COPY imdi_portal ./imdi_portal
COPY legislation ./legislation
COPY labour_market ./labour_market
COPY remittances ./remittances
COPY projects ./projects
COPY certification ./certification
# Editable, so that templates/, static/ and manage.py resolve next to the code in /app.
RUN pip install --no-cache-dir -e .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings but no secrets or database; the key below is build-time only.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && mkdir -p /app/media /app/private-media && chown -R imdi:imdi /app/media /app/private-media

USER imdi
EXPOSE 8000
CMD ["gunicorn", "imdi_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
