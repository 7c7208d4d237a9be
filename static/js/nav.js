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

// On a phone the header folds to the name of the service and a menu button, so that the
// page's content starts near the top; the button opens the person, the tools and the menu.
(() => {
  const header = document.querySelector(".app-header");
  const button = header && header.querySelector(".app-menu-button");
  if (!button) return;
  header.classList.add("is-foldable", "is-folded");
  button.hidden = false;
  button.addEventListener("click", () => {
    const folded = header.classList.toggle("is-folded");
    button.setAttribute("aria-expanded", String(!folded));
  });
})();
