"""Ketamine Literature Search: `streamlit run app.py` (or `make run`) starts here.

This file only names the pages, so the sidebar reads "Search" and "Curator" rather than file
names: the search page is drawn by `webui.search_page`, the curator page by `pages/curator.py`.
"""

from __future__ import annotations

import streamlit as st

from webui.search_page import search_page


def main() -> None:
    st.set_page_config(page_title="Ketamine Literature Search", page_icon="🔎")
    pages = [
        st.Page(search_page, title="Search", icon=":material/search:", default=True),
        st.Page("pages/curator.py", title="Curator", icon=":material/library_books:"),
    ]
    st.navigation(pages).run()


if __name__ == "__main__":  # Streamlit runs the page as __main__; tests import it
    main()
