"""Writes the synthetic import fixtures in this folder (run: python make_fixtures.py).

Every person, address and number here is invented. The column layouts follow the real exports
(LinkedIn Connections.csv, Google Contacts current and older "Google CSV", Outlook's CSV), and
each file carries what real exports do: byte-order marks, CRLF line endings, quoted commas,
doubled quotes and notes over several lines.
"""

import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


LINKEDIN = '''Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Lima,https://www.linkedin.com/in/ana-lima-0a1b2c,ana.lima@example.com,"Acme, Inc.",Chief Technology Officer,14 Nov 2026
Bruno,Okafor,https://www.linkedin.com/in/brunookafor,,Northwind,"Lead ""Data"" Engineer",07 Feb 2022
Chloé,Dubois,https://www.linkedin.com/in/chloe-dubois,,Société Générale,"Analyst, Risk",01 Mar 2024
,,https://www.linkedin.com/in/unknown-member,,,,02 Mar 2024
'''

GOOGLE = ('First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,'
          'Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,'
          'Organization Title,Organization Department,Birthday,Notes,Photo,Labels,'
          'E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,'
          'Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,'
          'Address 1 - Label,Address 1 - Formatted,Website 1 - Label,Website 1 - Value\n'
          'Dana,,Reyes,,,,,,,,"Reyes, Ortiz & Co",Partner,,,"Met at PyData.\nAsked about ""scaling"" ML, '
          'follow up in spring.",,* myContacts ::: Mentors ::: PyData,* Work,dana@reyes.example,Home,'
          'dana.home@example.com,Mobile,+34 600 123 456,,,,,Profile,'
          'https://www.linkedin.com/in/dana-reyes\n'
          '太郎,,山田,,,,,,,,Yamada Shoten,Owner,,,,,* myContacts,* Home,taro@yamada.example,,,'
          'Mobile,+81 90-1234-5678,,,,,,\n'
          'Eli,,Stone,,,,,,,,,,,,,,* myContacts ::: * starred,,,,,Mobile,+44 7700 900123 ::: '
          '+44 20 7946 0000,,,,,,\n')

GOOGLE_OLD = ('Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,'
              'Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,'
              'Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,'
              'Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,'
              'Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,'
              'Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,'
              'Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,'
              'Website 1 - Type,Website 1 - Value\n'
              'Farah Haddad,Farah,,Haddad,,,,,,,,,,,,,,,,,,,,,,"Likes ""deep work"", books.\n'
              'Second line.",,,* My Contacts ::: Friends,* Work,farah@haddad.example,Mobile,'
              '+961 3 123 456,,Haddad Labs,,"Founder, CEO",,Profile,'
              'linkedin.com/in/farahhaddad\n'
              'Gus Berg,Gus,,Berg,,,,,,,,,,,,,,,,,,,,,,,,,* My Contacts,* Home,gus@berg.example,,,,'
              ',,,,,\n')

OUTLOOK = ('"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
           '"Job Title","Business Street","Business City","Business Phone","Mobile Phone",'
           '"Categories","E-mail Address","E-mail Type","E-mail Display Name","Notes",'
           '"Referred By","Web Page"\n'
           '"Mr.","Jörg","","Müller","","Müller & Söhne, GmbH","Sales","Head of Sales",'
           '"Hauptstraße 1","München","+49 89 1234567","","Customers;Munich",'
           '"joerg@mueller.example","SMTP","Jörg Müller (joerg@mueller.example)",'
           '"Café meeting – 12 € coffee.\nWants the ""Pro"" plan.","Helga Sørensen",""\n'
           '"Ms.","Helga","","Sørensen","","Nordlys","","Consultant","","","","+47 912 34 567",'
           '"","helga@nordlys.example","SMTP","","","",""\n'
           '"","Ivo","","Petrov","","","","","","","","","","ivo@petrov.example","SMTP","","",'
           '"Nobody Known",""\n')

NETPWA = ('Name,First name,Last name,Company,Role,Email,Phone,LinkedIn,Where met,Date met,'
          'Last contacted,Next follow-up,Cadence,Introduced by,Notes,Tags\n'
          'Jo Park,Jo,Park,"Park, Lee & Co",Designer,jo@park.example,+1 415 555 0100,'
          'https://www.linkedin.com/in/jopark,PyData Night,2026-10-01,2026-11-01,2026-12-01,'
          '1m,Kim Lee,"Said ""hi"" first.\nLikes climbing.","design, climbing"\n'
          'Kim Lee,Kim,Lee,,Recruiter,kim@lee.example,,,PyData Night,2026-10-01,,,2m,,,\n')

SEMICOLON = ('Kontaktliste Sommer 2026;;;;;\n'
             '\n'
             'Vorname;Nachname;Firma;E-Mail;Telefon;Notizen;Kennengelernt am;Lieblingsessen\n'
             'Lena;Schäfer;Bäckerei Schäfer; lena@schaefer.example;+49 30 123456;"Mag Brezeln; '
             'hat ""Zeit"".\nZweite Zeile";14.11.2026;Käsespätzle\n'
             'Max;Weiß;"Weiß; Partner";max@weiss.example;;;03.02.2025;\n'
             ';;Nur Firma GmbH;info@nurfirma.example;;;;\n'
             'Ole;Berg;Berg AG;ole@berg.example;;zu viel;01.01.2026;;extra;\n')


def write_all() -> None:
    (HERE / "linkedin_connections.csv").write_bytes(crlf(LINKEDIN).encode("utf-8"))
    (HERE / "google_contacts.csv").write_bytes(b"\xef\xbb\xbf" + crlf(GOOGLE).encode("utf-8"))
    # The older "Google CSV" was written as UTF-16 with a byte-order mark.
    (HERE / "google_contacts_old.csv").write_bytes(crlf(GOOGLE_OLD).encode("utf-16"))
    # Outlook writes the Windows code page (ANSI), not UTF-8.
    (HERE / "outlook_contacts.csv").write_bytes(crlf(OUTLOOK).encode("cp1252"))
    (HERE / "netpwa_export.csv").write_bytes(b"\xef\xbb\xbf" + crlf(NETPWA).encode("utf-8"))
    (HERE / "semicolon_de.csv").write_bytes(crlf(SEMICOLON).encode("cp1252"))
    write_xlsx(HERE / "course_template.xlsx")


def write_xlsx(path: Path) -> None:
    """A course's contact-list template: a merged title and a note above the header, an empty
    row, real date cells, a merged "Where met" cell over two people, a phone typed as a number."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "My network"
    sheet["A1"] = "Networking tracker — autumn 2026"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "Fill one row per person. Dates as dates."
    sheet.append([])
    sheet.append(["Full name", "Company", "Email", "Phone", "Where we met", "Date met",
                  "Date of last contact", "Next follow-up", "How we met"])
    sheet.append(["Nadia Costa", "Costa Labs", "nadia@costa.example", 351912345678,
                  "Web Summit", datetime(2026, 11, 4), datetime(2026, 11, 20),
                  datetime(2027, 1, 15), "Stand B12, talked about\nrobotics"])
    sheet.append(["Omar Said", "Said & Co", "omar@said.example", None, None,
                  datetime(2026, 11, 5), None, None, "Panel Q&A"])
    sheet.merge_cells("E5:E6")
    sheet.append([])
    sheet.append(["Pia Novak", None, None, "+386 40 123 456", "Meetup", "12 Mar 2024",
                  "7-Feb-25", None, None])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    write_all()
