// Search the edition with Pagefind's index (built with the site; nothing leaves the site).
// The box is hidden without JavaScript; the index loads on first use only.
const box = document.querySelector("[data-search]");

// Chinese excerpts. Pagefind cuts its window of words wherever its segmenter split the text
// ("年6月" out of "2021年6月") and offers no option for it (excerptLength only): a Chinese
// snippet here starts after a clause mark and ends at one, with "…" where a long clause
// had to be cut. Pagefind's own excerpt is kept for text that is not Chinese.
// a word that ends a clause: Chinese clause marks, or Latin ones before a space (not 528.32)
const CLAUSE_END = /[。！？；，、：][”’」』）)]?\s*$|[.!?;:][”’)]?\s+$|^\s*$/;
const BEFORE = 24, AFTER = 56;  // about how many characters before and after the first hit
const clauseExcerpt = (page, hit) => {
  if (!page.raw_content?.includes("\u200B") || !hit.locations?.length) return null;
  const words = page.raw_content.split("\u200B");  // Pagefind's words, as it segmented them
  const ends = (i) => CLAUSE_END.test(words[i]);
  const lower = hit.anchor ? hit.anchor.location : 0;
  const first = Math.min(...hit.locations);
  let start = first, end = first, count = 0;
  while (start > lower && count < BEFORE && !ends(start - 1)) count += words[--start].length;
  for (count = 0; end < words.length && count < AFTER; end += 1) count += words[end].length;
  for (count = 0; end < words.length && count < BEFORE && !ends(end - 1); end += 1) {
    count += words[end].length;
  }
  while (end > first + 1 && words[end - 1].trim() === ".") end -= 1;  // a block's end
  const marked = new Set(hit.locations);
  const parts = words.slice(start, end).map((word, i) => {
    const text = word.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    if (!marked.has(start + i)) return text;
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
  if (typeof parts[0] === "string") parts[0] = parts[0].trimStart();
  if (typeof parts.at(-1) === "string") parts[parts.length - 1] = parts.at(-1).trimEnd();
  if (start > lower && !ends(start - 1)) parts.unshift("…");
  if (end < words.length && !ends(end - 1)) parts.push("…");
  return parts;
};
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
    const hitPage = new Map();
    const hits = pages.flatMap((page, i) => {
      const found = page.sub_results.length ? page.sub_results : [page];
      found.forEach((hit) => hitPage.set(hit, i));
      return found;
    });
    for (const hit of hits.slice(0, 8)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.url;
      const title = document.createElement("strong");
      title.textContent = hit.title;
      const excerpt = document.createElement("span");
      const clauses = clauseExcerpt(pages[hitPage.get(hit)], hit);
      if (clauses) excerpt.append(...clauses);
      else excerpt.innerHTML = hit.excerpt;  // Pagefind escapes the text and adds <mark>
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
