"""The applicant area under /konto/: the dashboard, the form with autosave, submission, the
receipt, withdrawal, the status page and the files. Each view checks permission, calls one
service of `recruitment.submission` and renders; another JST's application is a 404, logged."""
