// Keep the reader's place when switching editions: every edition shares block ids, so the
// link is pointed at the block at the top of the screen just before it is followed.
// Without JavaScript the links still work; they open the other edition at its top.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-keep-place]");
  if (!link) return;
  const bar = document.querySelector(".site-bar");
  const top = bar ? bar.getBoundingClientRect().bottom : 0;
  const blocks = document.querySelectorAll("[data-block], h2[id]");
  for (const block of blocks) {
    if (block.getBoundingClientRect().bottom > top + 8) {
      const anchor = block.closest("[id]");
      if (anchor) link.href = link.href.split("#")[0] + "#" + anchor.id;
      return;
    }
  }
});
