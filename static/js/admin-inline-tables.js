/*
 * The admin's tabular inlines (a city's clusters and status history), made readable to
 * assistive technology without changing Django's templates:
 * - the group, which scrolls sideways on a phone, can be reached by keyboard and is named by
 *   its heading (a scrolling region nobody can focus cannot be scrolled without a mouse);
 * - the table's empty header cells get a name: the first column holds the row's record, the
 *   last its "delete" box, which is absent when nothing may be deleted (then the cell is an
 *   ordinary one, not a header of nothing).
 * Loaded by the admin pages that show such inlines (CityAdmin.Media).
 */
(function () {
  'use strict';

  function hiddenText(text) {
    var span = document.createElement('span');
    span.className = 'visually-hidden';
    span.textContent = text;
    return span;
  }

  function prepare(group) {
    var heading = group.querySelector('.inline-heading');
    if (heading && heading.id) {
      group.setAttribute('role', 'region');
      group.setAttribute('aria-labelledby', heading.id);
      group.setAttribute('tabindex', '0');
    }
    var name = heading ? heading.textContent.trim() : '';
    group.querySelectorAll('table thead tr').forEach(function (row) {
      row.querySelectorAll('th').forEach(function (cell) {
        if (cell.textContent.trim() !== '') {
          return;
        }
        if (cell.classList.contains('original')) {
          cell.appendChild(hiddenText(name));
        } else {
          cell.replaceWith(document.createElement('td'));
        }
      });
    });
  }

  function ready() {
    document.querySelectorAll('.js-inline-admin-formset[data-inline-type="tabular"]')
      .forEach(prepare);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
