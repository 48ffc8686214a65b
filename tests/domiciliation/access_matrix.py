import datetime

from domiciliation.models import Domiciliation, MailItem
from establishments.enums import Modality
from tests.access import row
from tests.factories import PersonFactory, ServiceFactory, StayFactory

D = datetime.date


def setup(world):
    if not hasattr(world, "day_a"):
        world.day_a = ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)
    world.dom_accepted = Domiciliation.objects.create(
        person=world.person_a,
        service=world.day_a,
        requested_on=D(2019, 3, 1),
        requester="spip",
        decision="acceptee",
        decided_on=D(2019, 3, 2),
        start_date=D(2019, 3, 2),
        end_date=D(2020, 3, 1),
    )
    other = PersonFactory(last_name="Durand")
    StayFactory(person=other, service=world.day_a)
    world.dom_pending = Domiciliation.objects.create(
        person=other, service=world.day_a, requested_on=D(2019, 3, 1), requester="personne"
    )
    refused = PersonFactory(last_name="Refus")
    StayFactory(person=refused, service=world.day_a)
    world.dom_refused = Domiciliation.objects.create(
        person=refused,
        service=world.day_a,
        requested_on=D(2019, 3, 1),
        requester="personne",
        decision="refusee",
        decided_on=D(2019, 3, 5),
        refusal_reason="Pas de lien avec la commune",
    )
    world.mail_a = MailItem.objects.create(domiciliation=world.dom_accepted, received_on=D(2019, 4, 1))


def _est(w):
    return {"establishment_pk": w.est_a.pk}


# Everyone of the establishment reads (head office too); the desk and the team record requests and mail; the team
# decides; the head (or the administrator) radiates. Documents: the attestation for all readers, the refusal letter
# for the team.
ROWS = {
    "domiciliation:index": row(_est, 200, 404, 200, 200, 200),
    "domiciliation:expiring": row(_est, 200, 404, 200, 200, 200),
    "domiciliation:radiation": row(_est, 200, 404, 200, 200, 200),
    "domiciliation:close_expired": row(_est, 405, 404, 403, 403, 405),
    "domiciliation:person": row(lambda w: {**_est(w), "person_pk": w.person_a.pk}, 200, 404, 200, 200, 200),
    "domiciliation:request": row(lambda w: {**_est(w), "person_pk": w.person_a.pk}, 200, 404, 200, 403, 200),
    "domiciliation:decide": row(lambda w: {"pk": w.dom_pending.pk}, 200, 404, 403, 403, 200),
    "domiciliation:renew": row(lambda w: {"pk": w.dom_accepted.pk}, 200, 404, 403, 403, 200),
    "domiciliation:end": row(lambda w: {"pk": w.dom_accepted.pk}, 200, 404, 403, 403, 200),
    "domiciliation:radiate": row(lambda w: {"pk": w.dom_accepted.pk}, 403, 404, 403, 403, 200),
    "domiciliation:mail_receive": row(lambda w: {"pk": w.dom_accepted.pk}, 200, 404, 200, 403, 200),
    "domiciliation:attestation": row(lambda w: {"pk": w.dom_accepted.pk}, 200, 404, 200, 200, 200),
    "domiciliation:refusal_letter": row(lambda w: {"pk": w.dom_refused.pk}, 200, 404, 403, 403, 200),
    "domiciliation:mail_hand": row(lambda w: {"pk": w.mail_a.pk}, 200, 404, 200, 403, 200),
    "domiciliation:mail_return": row(lambda w: {"pk": w.mail_a.pk}, 200, 404, 200, 403, 200),
}
