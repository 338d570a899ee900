// Console menu on a phone: collapsed behind one "Menu" button that names the current page; the button opens and
// closes it. Without script the menu stays open (the .js class is what hides it), so every page is still reachable.
(function () {
  document.documentElement.classList.add('js');
  const toggle = document.querySelector('.menu-toggle');
  const menu = document.getElementById('console-menu');
  if (!toggle || !menu) return;
  toggle.addEventListener('click', function () {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
})();
