"""The WeasyPrint call and the PDF's post-processing: the tag-tree repair, the text of each
marked-content sequence, the PDF read as assistive technology reads it."""
