"""marsad.api"""
