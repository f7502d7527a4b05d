"""The search page's parts, each small with one job, so most are tested without Streamlit.

Pure: `url_state` (the page state and its address), `options` (ids and labels), `facets`
(filter counts), `paper_cards` and `cards` (card HTML), `findings` (top findings), `repeats`
(no sentence twice), `highlight` and `sentence_scores` (which sentences to mark), `terms`,
`explain` (why it matched), `context`, `grouping`, `export` (CSV, RIS), `first_run`,
`index_status`. Drawn with Streamlit: `search_page` (the page), `widget_state` and `address`
(widgets <-> state <-> address), `searching`, `filter_panel`, `paper_view` and `results_view`
(the two result views), `page_parts`, `resources` (model and index, cached).
Nothing here imports faiss, pypdf or torch; the model is reached through the `Embedder` protocol.
"""
