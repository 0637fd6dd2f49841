// Search the edition with Pagefind's index (built with the site; nothing leaves the site).
// The box is hidden without JavaScript; the index loads on first use only.
const box = document.querySelector("[data-search]");
if (box) {
  box.hidden = false;
  const input = box.querySelector("input");
  const list = box.querySelector("ol");
  const status = box.querySelector("[role=status]");
  let pagefind = null;
  let timer = null;
  const load = async () => {
    if (!pagefind) {
      pagefind = await import(new URL(box.dataset.index, document.baseURI).href);
      await pagefind.options({ excerptLength: 24 });
    }
    return pagefind;
  };
  const show = async (query) => {
    list.replaceChildren();
    if (!query.trim()) { status.textContent = ""; return; }
    const engine = await load();
    const search = await engine.search(query);
    const pages = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    const hits = pages.flatMap((page) => page.sub_results.length ? page.sub_results : [page]);
    for (const hit of hits.slice(0, 8)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.url;
      const title = document.createElement("strong");
      title.textContent = hit.title;
      const excerpt = document.createElement("span");
      excerpt.innerHTML = hit.excerpt;  // Pagefind escapes the text and adds <mark>
      link.append(title, excerpt);
      item.append(link);
      list.append(item);
    }
    status.textContent = hits.length ? "" : box.dataset.none;
  };
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(input.value), 150);
  });
}
