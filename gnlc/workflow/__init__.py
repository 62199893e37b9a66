"""The workflow core: what every workflow of the portal does the same way.

A workflow moves an object (a membership application, an award application) through its
states along a transition map, one verb at a time, and keeps a dated event for every step.
The core holds the parts that do not depend on the workflow:

- `models.WorkflowEvent`: the abstract event (who, when, from, to, what happened as a kind
  and its values worded when shown, the note a person typed, visibility);
- `transitions.Workflow`: one workflow's description (its model, transition map, refusal
  error, after-commit work) and its one door, `transition()`: lock, check, move, record,
  and queue the after-commit work; `record_event()` for steps that move nothing;
- `admin.StaffAction` and `admin.WorkflowAdminMixin`: the admin's change page, read-only,
  where every change is an action with its own URL that calls one service;
- `views.ApplicantObjectMixin`: a view that loads the object of its URL for the people who
  may see it, and answers 404 to everyone else;
- `forms`: the small pieces the staff action forms are made of, and the applicant's
  withdrawal;
- `links`: the pages and the decision form of an outside party deciding through a signed
  link (gnlc.core.signed_links).

Mail after commit is `gnlc.core.mail.queue_templated_mail`. The workflow core sits in the core
layer: it imports gnlc.core, never a domain app or the site. Each app keeps its states and
transition map, its concrete event model, its verbs and its list of staff actions
(docs/architecture.md, "Workflow core").
"""
