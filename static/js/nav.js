// The main menu's groups are <details> and work without this file; it only adds what a
// menu is expected to do besides: Escape closes the open group and gives the focus back to
// its button, and a click elsewhere on the page closes it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const group = document.querySelector(".app-nav__group[open]");
  if (!group) return;
  group.open = false;
  group.querySelector("summary").focus();
});
document.addEventListener("click", (event) => {
  for (const group of document.querySelectorAll(".app-nav__group[open]")) {
    if (!group.contains(event.target)) group.open = false;
  }
});
