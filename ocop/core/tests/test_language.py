def test_vietnamese_whatever_the_browser_asks_for(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Cookie" in response["Vary"]


def test_the_switch_chooses_english_and_back(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    vietnamese = client.get("/")

    assert '<html lang="en">' in english.content.decode()
    assert english["Content-Language"] == "en"
    assert '<html lang="vi">' in vietnamese.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies["django_language"] = "fr"

    response = client.get("/")

    assert '<html lang="vi">' in response.content.decode()
