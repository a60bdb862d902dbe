"""en-gb as Django has it, but an editor's date fields show and the admin's calendar writes the ISO date:
"02/03/1987" is 2 March to a British editor and 3 February to an American one, and the field's help speaks ISO
("2023-06 or June 2023"). The British forms are still read; every other format is Django's en-gb (read from its
module after this one)."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2006-10-25': shown in date fields and written by the calendar
    "%d/%m/%Y",  # '25/10/2006'
    "%d/%m/%y",  # '25/10/06'
]
