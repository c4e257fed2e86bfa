"""/media/ paths that cannot be files are a 404, never a 500."""


def test_a_media_path_too_long_to_be_a_file_is_a_404(client, settings):
    (settings.MEDIA_ROOT / "profiles").mkdir(parents=True)

    response = client.get("/media/profiles/" + "a" * 300 + ".jpg")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_media_path_with_a_component_too_long_is_a_404(client):
    assert client.get("/media/profiles/" + "b" * 5000 + "/x.png").status_code == 404


def test_a_real_upload_is_still_served(client, settings):
    folder = settings.MEDIA_ROOT / "profiles"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("hello")

    response = client.get("/media/profiles/a.txt")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"
