import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdi_portal.settings")
application = get_wsgi_application()

# What is loaded at start-up (modules, settings, message catalogues) lives as long as the
# process: move it out of reach of the cyclic garbage collector, whose full passes over it
# otherwise stall one request in twenty by some 60 ms (measured with bench/, see RESULTS.md).
gc.collect()
gc.freeze()
