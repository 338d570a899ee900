// Console menu on a phone: collapsed behind one "Menu" button that names the current page; the button opens and
// closes it. Without script the menu stays open (the .js class is what hides it), so every page is still reachable.
(function () {
  document.documentElement.classList.add('js');
  // A table wider than the screen scrolls inside its .scroll box: make that box reachable by keyboard and named, so
  // keyboard users can scroll it too (axe: scrollable-region-focusable).
  document.querySelectorAll('.scroll').forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute('tabindex')) return;
    const heading = box.closest('section')?.querySelector('h2') ?? document.querySelector('h1');
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', 'Bảng cuộn ngang' + (heading ? ': ' + heading.textContent.trim() : ''));
  });
  const toggle = document.querySelector('.menu-toggle');
  const menu = document.getElementById('console-menu');
  if (!toggle || !menu) return;
  toggle.addEventListener('click', function () {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
})();
