from people.models import Person


def test_worker_sees_only_persons_of_their_establishments(world):
    assert list(Person.objects.visible_to(world.worker_a)) == [world.person_a]
    assert list(Person.objects.visible_to(world.worker_b)) == [world.person_b]


def test_head_office_sees_everyone(world):
    assert set(Person.objects.visible_to(world.head_office)) == {world.person_a, world.person_b}
