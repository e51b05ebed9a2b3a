"""Search: the one search box of the portal, as an app of its own.

Vocabulary: a *source* (registry.SearchSource) is a kind of thing some app makes findable
(country profiles, permit categories, good practices, ...): a kind, a label and a function
yielding *documents* (registry.Doc). Each app registers its sources in its AppConfig.ready();
this app keeps the index (models.SearchDocument), rebuilds it (services) and queries it
(selectors) for the page, the API and the header's search box. It imports the core only:
sources come to it, it never goes to them.
"""
