"""The import pipeline shared by every data source.

An importer (a subclass of `importing.base.Importer`, registered in `importing.registry`)
knows one file layout. The service `imdi_portal.services.import_job_run` claims an ImportJob,
takes the source's lock, lets the importer validate and stage the whole file, and writes
it in one transaction, or nothing at all. Three entry points call that one service: the
`import_data` command, the admin upload page and `POST /api/v1/imports/`.
"""
