"""gunicorn settings, read automatically from the working directory (the image's /app)."""

# Load Django and the NLP pipeline once in the master, then fork: workers share the memory and the
# first live analysis a user asks for does not wait for spaCy to load.
preload_app = True


def when_ready(server):
    from matching.nlp_bridge import warm_up

    warm_up()
    server.log.info("Tremplin: NLP pipeline loaded")
