// Enter in a field marked data-enter-clicks="ID" presses the button with that id instead of the form's default button
// (e.g. the owner search in the benefit plan form searches, while Enter elsewhere in the form saves). Without script,
// Enter saves everywhere and the button still works by click.
document.addEventListener('keydown', event => {
    if (event.key !== 'Enter' || event.isComposing || !(event.target instanceof Element)) return;
    const field = event.target.closest('[data-enter-clicks]');
    const button = field && document.getElementById(field.dataset.enterClicks);
    if (!button) return;
    event.preventDefault();
    button.click();
});
