"""x"""

urlpatterns = []
