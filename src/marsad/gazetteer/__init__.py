"""marsad.gazetteer"""
