# One image for web, worker and the migrate step; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 \
    FOCUSGROUP_VAR_DIR=/var/lib/focusgroup STATIC_ROOT=/app/staticfiles
WORKDIR /app

COPY pyproject.toml README.md ./
COPY focusgroup ./focusgroup
COPY statements ./statements
COPY sessions ./sessions
COPY analysis ./analysis
RUN pip install .
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --home /var/lib/focusgroup focusgroup \
    && mkdir -p /var/lib/focusgroup/media && chown -R focusgroup /var/lib/focusgroup
USER focusgroup
EXPOSE 8000
# uvicorn (uvloop + httptools): measured faster than daphne on the live board, bench/ws_fanout.py.
CMD ["uvicorn", "--host", "0.0.0.0", "--port", "8000", "--lifespan", "off", \
     "--ws-per-message-deflate", "false", "focusgroup.asgi:application"]
