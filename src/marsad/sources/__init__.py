"""marsad.sources"""
