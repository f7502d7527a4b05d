"""The search page's parts, each small with one job, so most are tested without Streamlit.

Pure: `highlight` (marking and escaping), `sentence_scores` (which sentences to mark), `terms`,
`explain` (why it matched), `cards` (card HTML), `context`, `grouping`, `facets` (filter
counts), `export` (CSV, RIS), `url_state` (the search as address parameters), `index_status`.
Drawn with Streamlit: `address` (widgets <-> page address) and `results_view` (the results).
Nothing here imports faiss, pypdf or torch; the model is reached through the `Embedder` protocol.
"""
