"""The people records, declared once for the records kit (ISO/IEC 42001 5.3, A.3.2; docs/architecture.md, "Adding a
record type"): departments, people, AIMS roles and role assignments. A foreign key to another organisation record
(a person's department, an assignment's role, person and AI system) is the kit's ``ref`` kind."""

from forty2.records.definition import Field, RecordType

from .models import AimsRole, Department, Person, RoleAssignment

DEPARTMENT = RecordType(
    model=Department, name="department", label="Department", archivable=True, unique=("name",),
    fields=[
        Field("name", "Name", "A department, site team or directorate, e.g. 'Clinical informatics'.",
              required=True, sort=True, search=True),
        Field("description", "Description", rows=3, search=True),
    ],
)

PERSON = RecordType(
    model=Person, name="person", label="Person", plural="People", archivable=True,
    fields=[
        Field("name", "Name", "Full name as colleagues know it.", required=True, sort=True, search=True),
        Field("email", "E-mail", "Work address; unique in the organisation. Members are linked to their person by "
              "it.", sort=True, search=True),
        Field("job_title", "Job title", search=True, sort=True),
        Field("department", "Department", "The unit they belong to.", filter=True, sort=True),
        Field("employment", "Employment", filter=True, sort=True, widget="inline"),
        Field("user", "Signs in as", "The member account of this person, if they have a login (linked once).",
              short="Member"),
        Field("start_date", "Started on", "When they joined, or began working for the organisation.", sort=True),
        Field("end_date", "Left on", "When they left. A person who left keeps their history but is given no new "
              "role, and the roles they still hold are flagged (5.3).", sort=True),
        Field("notes", "Notes", rows=3),
    ],
    fieldsets=[
        ("Person", "", ["name", "email", "job_title", "department", "employment"]),
        ("Sign-in", "Link the person to their member account, if they have one.", ["user"]),
        ("Dates", "", ["start_date", "end_date"]),
        ("Notes", "", ["notes"]),
    ],
)

AIMS_ROLE = RecordType(
    model=AimsRole, name="aims_role", label="AIMS role", archivable=True, unique=("name",),
    fields=[
        Field("name", "Name", "The role as the organisation calls it, e.g. 'AIMS manager' or 'Radiology AI owner'.",
              required=True, sort=True, search=True),
        Field("kind", "Kind", "The AIMS role the standard asks for; clause checks read it (5.3, A.3.2). Owners, "
              "operators and human oversight are held per AI system.", required=True, filter=True, sort=True),
        Field("responsibilities", "Responsibilities", "What the holder must do (5.3 a, b).", rows=4, search=True),
        Field("authorities", "Authorities", "What the holder may decide, approve or stop (5.3).", rows=4,
              search=True),
        Field("reports_to", "Reports to", "The role or body the holder reports to, e.g. 'Top management'.",
              sort=True),
    ],
)

ROLE_ASSIGNMENT = RecordType(
    model=RoleAssignment, name="role_assignment", label="Role assignment", default_ordering="role__name",
    fields=[
        Field("role", "Role", "The AIMS role held.", required=True, filter=True, sort=True),
        Field("person", "Person", "Who holds it. A person who left is given no new role.", required=True,
              filter=True, sort=True),
        Field("ai_system", "AI system", "Required for an AI system owner, operator or human oversight; left blank "
              "for roles over the whole AIMS.", filter=True, sort=True),
        Field("start_date", "From", sort=True),
        Field("end_date", "Until", "Blank while the assignment lasts.", sort=True),
        Field("note", "Note"),
    ],
)
