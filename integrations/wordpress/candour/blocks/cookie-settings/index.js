/* global window */
/* The editor side of the "Cookie settings" block: no build step, WordPress's own globals. The
 * page shows what the server renders (a link with data-candour="preferences"). */
(function (blocks, element, blockEditor, i18n) {
  var el = element.createElement;
  blocks.registerBlockType('candour/cookie-settings', {
    edit: function (props) {
      return el(
        'p',
        blockEditor.useBlockProps(),
        el(blockEditor.RichText, {
          tagName: 'span',
          value: props.attributes.label,
          allowedFormats: [],
          placeholder: i18n.__('Cookie settings', 'candour'),
          onChange: function (label) {
            props.setAttributes({ label: label });
          },
        }),
      );
    },
    save: function () {
      return null;
    },
  });
})(window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.i18n);
