"""The import pipeline shared by every data source.

An importer (a subclass of `importing.base.Importer`, registered in `importing.registry`)
knows one file layout. The service `imdi_portal.stats.services.import_job_run` claims an
ImportJob once no other import of its source holds the source's lock (a lease: the running
job, renewed by its heartbeat, taken over after IMPORT_LOCK_TIMEOUT seconds of silence),
lets the importer validate and stage the whole file, and writes
it in one transaction, or nothing at all. Three entry points call that one service: the
`import_data` command, the admin upload page and `POST /api/v1/imports/`.
"""
